from django.contrib import admin

from .models import HiringScript, OnboardingTemplate, PortraitCriterion, RejectionReason

admin.site.register([PortraitCriterion, HiringScript, RejectionReason, OnboardingTemplate])
