from django.contrib import admin

admin.site.site_header = "Idlib knowledge base"
admin.site.site_title = "Idlib knowledge base admin"
admin.site.index_title = "Review and correct extracted knowledge"
